"""Connected accounts: developer apps, tokens in the secrets store, budgets, and adapter wiring."""
