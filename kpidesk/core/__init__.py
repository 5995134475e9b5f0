"""The method: plain functions and small dataclasses, standard library (plus numpy for batch
scoring) only. No Qt, no SQL, no pandas. See METHOD.md; every formula cites its section."""
