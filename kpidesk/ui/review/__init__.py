"""The review meeting (绩效考评会): period overview, agenda, presenter view, minutes, appeals. Empty until the first lands."""
