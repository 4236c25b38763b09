"""CPU-bound pure-Python work on N threads, timed inside Python.

Used by bench/run_bench.m in the same run
  - inside pymex: start(nthreads, n) runs the work on a controller thread and
    returns at once, so Octave's thread can sit idle (pause) meanwhile; the
    result lands in RESULT;
  - in plain long-lived python3 processes: `python3 pywork.py` reads lines
    "NTHREADS N" on stdin and answers each with the line of numbers FIELDS
    (long-lived, as pymex's interpreter is);
  - `python3 pywork.py NTHREADS N` runs it once.
Each thread counts to N in a plain loop (no I/O, no C calls that release the
GIL), so with two or more threads the GIL and its switch interval decide how
the threads share the CPU.  A thread that waits for the GIL sleeps on a
condition variable: each wait is one voluntary context switch of the thread,
so the threads' voluntary switches count the GIL hand-overs (about one per
switch interval per waiting thread), whatever else runs on the machine;
involuntary switches are preemptions by other work on the machine.
"""
import sys
import threading
import time

FIELDS = ("elapsed", "interval", "cpu", "vcs", "ivcs")
RESULT = {}


def _count(n):
    x = 0
    i = 0
    while i < n:
        x += i
        i += 1
    return x


def _switches():
    """(voluntary, involuntary) context switches of the calling thread so far
    (Linux; zeros elsewhere)."""
    v = iv = 0
    try:
        with open("/proc/thread-self/status") as f:
            for line in f:
                if line.startswith("voluntary_ctxt_switches:"):
                    v = int(line.split()[1])
                elif line.startswith("nonvoluntary_ctxt_switches:"):
                    iv = int(line.split()[1])
    except OSError:
        pass
    return v, iv


def run(nthreads, n):
    """NTHREADS threads each count to N.  Returns a dict of FIELDS: seconds
    from the first start to the last join; the smallest switch interval the
    threads saw (read as each starts and ends); the CPU seconds, voluntary and
    involuntary context switches of the threads, summed over the threads."""
    seen, cpu, vcs, ivcs = [], [], [], []
    def work():
        seen.append(sys.getswitchinterval())
        s0 = _switches()
        c = time.thread_time()
        _count(n)
        cpu.append(time.thread_time() - c)
        s1 = _switches()
        vcs.append(s1[0] - s0[0])
        ivcs.append(s1[1] - s0[1])
        seen.append(sys.getswitchinterval())
    ts = [threading.Thread(target=work) for _ in range(nthreads)]
    t0 = time.perf_counter()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    el = time.perf_counter() - t0
    return dict(elapsed=el, interval=min(seen), cpu=sum(cpu), vcs=sum(vcs), ivcs=sum(ivcs))


def start(nthreads, n):
    """Runs run() on a controller thread; RESULT holds its dict when it is
    done ('elapsed' in RESULT)."""
    RESULT.clear()
    def controller():
        RESULT.update(run(nthreads, n))
    threading.Thread(target=controller, daemon=True).start()


def result():
    """RESULT as a list in the order of FIELDS."""
    return [float(RESULT[k]) for k in FIELDS]


def _line(r):
    return " ".join("%.9g" % r[k] for k in FIELDS)


if __name__ == "__main__":
    if len(sys.argv) == 3:
        print(_line(run(int(sys.argv[1]), int(sys.argv[2]))))
    else:
        for line in sys.stdin:
            k, n = line.split()
            print(_line(run(int(k), int(n))), flush=True)
