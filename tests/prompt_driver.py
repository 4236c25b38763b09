"""Drives an interactive octave-cli through a pseudo-terminal (for sh_prompt.sh).

Usage: prompt_driver.py OCTAVE INST_DIR
Sends one command that starts a Python thread; the thread, while Octave sits
idle at its prompt, submits a call with matlab.submit and prints the result.
Reports what arrived on the terminal, and when, without typing anything else.
"""
import os, pty, re, select, sys, time

octave, inst = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(octave, [octave, "--no-history", "--no-init-file", "--path", inst])

def read_until(pred, timeout):
    buf, end = b"", time.time() + timeout
    while time.time() < end and not pred(buf):
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                buf += os.read(fd, 4096)
            except OSError:
                break
    return buf

read_until(lambda b: b"octave:1>" in b or b">> " in b, 30)
cmd = ('pyexec("import threading, time, matlab\\n'
       'def w():\\n'
       '    time.sleep(0.5)\\n'
       '    t = time.time()\\n'
       '    f = matlab.submit(\\"plus\\", 40.0, 2.0)\\n'
       '    print(\\"SUBMITTED-RESULT\\", f.result(timeout=10), \\"after\\", round(time.time() - t, 3))\\n'
       'threading.Thread(target=w).start()")\n')
os.write(fd, cmd.encode())
# readline echoes slowly (it blinks the matching paren of each ')'): time from
# the moment the command has run and the prompt is back.
# The terminal echoes the command, which contains the marker text too: match only
# the line the thread prints.
result = re.compile(rb"SUBMITTED-RESULT \S+ after [0-9.]+\r?\n")
out = read_until(lambda b: b"octave:2>" in b or result.search(b), 30)
t0 = time.time()
out += read_until(lambda b: result.search(out + b), 10)
elapsed = time.time() - t0
os.write(fd, b"exit\n")
read_until(lambda b: False, 1)
try:
    os.kill(pid, 9)
except ProcessLookupError:
    pass
text = out.decode(errors="replace")
line = [l for l in text.splitlines() if re.search(r"SUBMITTED-RESULT \S+ after", l)]
print("LINE", line[-1].strip() if line else "none")
print("ELAPSED %.2f" % elapsed)
