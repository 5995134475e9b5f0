"""Setting up a firm: the first-run screen, File › New firm… and File › Firm settings…"""
