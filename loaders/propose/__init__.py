"""From a new source document to proposals for review, and from reviewed proposals to data/ records."""

from loaders.propose.documents import Document, DocumentError, read_document
from loaders.propose.known import Known
from loaders.propose.proposals import Proposal, read_proposals, ungrounded, write_proposals
from loaders.propose.proposer import Proposer

__all__ = ["Document", "DocumentError", "Known", "Proposal", "Proposer", "read_document", "read_proposals",
           "ungrounded", "write_proposals"]
