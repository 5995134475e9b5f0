"""Storage: the only layer that imports SQLAlchemy. Records, the document file, migrations,
audit and repositories that map records to core objects."""
