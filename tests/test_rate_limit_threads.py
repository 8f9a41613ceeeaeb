"""Rate limits counted in memory (the default storage) by several threads of a worker at once."""

from __future__ import annotations

import threading
import time

from limits.storage import MemoryStorage

import icv.extensions  # noqa: F401  (the fix is applied when the extensions are created)


class SlowToSwapTimers(MemoryStorage):
    """Pauses just after replacing its expiry timer: the moment in which another thread
    used to replace it again, so that both started the second timer (a 500 in production)."""

    @property
    def timer(self):
        return self._timer

    @timer.setter
    def timer(self, value):
        self._timer = value
        time.sleep(0.02)


def test_threads_counting_hits_at_once_start_the_expiry_timer_once():
    storage = SlowToSwapTimers()
    time.sleep(0.05)  # the first timer has run: the next hits must start another one
    gate, failures = threading.Barrier(4), []

    def hit(number: int) -> None:
        gate.wait()
        try:
            storage.incr(f"user:{number}", 60)
        except RuntimeError as error:  # "threads can only be started once"
            failures.append(error)

    threads = [threading.Thread(target=hit, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert [storage.get(f"user:{number}") for number in range(4)] == [1, 1, 1, 1]
