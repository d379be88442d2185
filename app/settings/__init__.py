"""The parts of `app.config.Settings` that are more than a plain value: how variables are named, the posting
days and database address they are read from, and plain words for a bad setting. (Secrets are pydantic's
SecretStr: they print as a mask.)"""
