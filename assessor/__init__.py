"""assessor: a private, local AI-career skill-gap assessor."""

__version__ = "0.1.0"
