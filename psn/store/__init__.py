"""Local storage: SQLModel tables, the engine, migrations and small query functions."""
