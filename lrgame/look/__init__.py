"""How things look, shared by the panel and the drawing: theme, palettes, fonts, sizes."""
