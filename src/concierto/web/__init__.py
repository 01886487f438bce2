"""The web workbench: accounts and roles, the documents and the reader where text is coded by
selecting it, the code tree. It renders what the store holds and computes no measure."""
