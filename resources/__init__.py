"""Resource files (questionnaires, translations, icons, templates): data, found via forms.resources."""
