"""The contract editor: its lines model, rule editor, indicator picker, signing, amendments and history."""
