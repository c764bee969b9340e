"""A value per store generation is built once, however many requests ask for it at the same time."""

from __future__ import annotations

import threading
import time

from graph.generation_memo import per_generation


def test_concurrent_requests_on_a_cold_cache_build_once(repo_store):
    builds = []

    def build(reader):
        builds.append(threading.get_ident())
        time.sleep(0.3)  # a slow build: the others arrive meanwhile
        return len(list(reader.named_graphs()))

    answers = []
    threads = [threading.Thread(target=lambda: answers.append(per_generation(repo_store, ("memo-test",), build)))
               for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1, f"built {len(builds)} times"
    assert len(answers) == 20 and len(set(answers)) == 1 and answers[0] > 0
    assert per_generation(repo_store, ("memo-test",), build) == answers[0] and len(builds) == 1
