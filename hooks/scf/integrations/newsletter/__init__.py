"""The email newsletter: sign-up settings, the monthly digest, sending it, and its archive.

- its settings, the `newsletter:` block of scf.yml, are read with the others'
  (scf.content.newsletter_settings; no block: no form anywhere);
- `digest`: what a month brought, read from the content model;
- `email_html`, `message`: the digest as an HTML email, plain text and a whole .eml;
- `send`: by SMTP, or as a listmonk draft campaign for a person to approve;
- `archive`, `easy_rows`: what the build does with it (the archive pages, the form's rows);
- `command`: `scf newsletter`.
"""
