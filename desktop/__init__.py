"""The Qt application. Importing this package must not import Qt: the CLI lives here and runs headless."""
