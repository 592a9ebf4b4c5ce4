"""The email newsletter: sign-up settings, the monthly digest, sending it, and its archive.

- `settings`: the `newsletter:` block of scf.yml, checked (no block: no form anywhere);
- `digest`: what a month brought, read from the content model;
- `email_html`, `message`: the digest as an HTML email, plain text and a whole .eml;
- `send`: by SMTP, or as a listmonk draft campaign for a person to approve;
- `site`: what the build does with it (the form's settings for templates, the archive pages).
"""
