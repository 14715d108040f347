"""The explorer: the reference web front-end served at `/` (plain ES modules, CSS and SVG in
`static/`, no build step). `app.api.explorer` mounts it; `geometry` rebuilds its world map."""
