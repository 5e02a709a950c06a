"""Did this fix it? Yes/No under every answer, counted per KB entry and version, nothing about the person kept."""
