"""Real, small stand-ins for external services, used by the tests instead of mocks."""

from .openai_server import FakeOpenAIServer, Fault, RecordedRequest, Reply

__all__ = ["FakeOpenAIServer", "Fault", "RecordedRequest", "Reply"]
