"""Exports of a plan version: DOCX to edit and take to the council, PDF to publish."""
