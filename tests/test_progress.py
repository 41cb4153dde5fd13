import io

from translate_summarize.engine.progress import BarReporter, LogReporter, make_reporter
from translate_summarize.record import Document


def test_log_reporter_prints_progress_and_every_failure() -> None:
    stream = io.StringIO()
    reporter = LogReporter(stream, interval=0)
    reporter.sentences_done(12)
    ok, bad = Document(id="a", source="a"), Document(id="b", source="b")
    bad.fail("cannot read b.txt: not UTF-8")
    reporter.document_done(ok)
    reporter.document_done(bad)
    text = stream.getvalue()
    assert "progress: 0 documents, 12 sentences translated" in text
    assert "failed: b: cannot read b.txt: not UTF-8" in text
    assert "progress: 2 documents, 12 sentences" in text


def test_log_reporter_is_quiet_between_intervals() -> None:
    stream = io.StringIO()
    reporter = LogReporter(stream, interval=3600)
    reporter.sentences_done(5)
    reporter.document_done(Document(id="a", source="a"))
    assert stream.getvalue() == ""


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_reporter_choice_follows_the_terminal() -> None:
    assert make_reporter(quiet=True) is None
    assert isinstance(make_reporter(quiet=False, stream=io.StringIO()), LogReporter)
    bar = make_reporter(quiet=False, stream=_Tty())
    assert isinstance(bar, BarReporter)
    bar.sentences_done(3)
    bar.document_done(Document(id="a", source="a"))
    bar.close()
