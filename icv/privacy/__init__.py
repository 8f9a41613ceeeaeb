"""Data protection: retention (anonymise and purge what is past its time) and subject access
(everything held about one person). Domain code over every feature's models; the admin pages
(icv.admin.subject_access) and the CLI (icv.privacy.cli) call it. See docs/data-protection.md.
"""
