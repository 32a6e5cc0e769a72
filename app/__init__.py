"""mlscope: decide whether a business problem suits machine learning, and scope it."""

__version__ = "0.1.0"
