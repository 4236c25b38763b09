# pymex -- Python embedded in GNU Octave through one MEX file.
#   make                 build inst/pymex.mex against $(PYTHON)
#   make demo            install what is missing, build, run examples/demo.m
#   make test            install what is missing, build, run every test
#   make bench           benchmarks with floors measured in the same run
#   make test-asan       every test again with the MEX file built with ASan + UBSan
#                        (build/asan/, the normal build is untouched); fails on any report
#   make test-debian13   every test in a Debian 13 chroot (Octave 9.4, Python 3.13)
#   make soak            1e5 calls of each kind: RSS and Python object growth
#   make PYTHON=/path/to/python3   build against another interpreter

PYTHON    ?= /usr/bin/python3
PYCONFIG  ?= $(PYTHON)-config
OCTAVE    ?= octave-cli
MKOCTFILE ?= mkoctfile
# Octave's headers are liboctave-dev up to Debian 12 and octave-dev from Debian 13 on.
OCTAVE_DEV := $(shell . /etc/os-release 2>/dev/null; \
                if [ "$${ID:-debian}" = debian ] && [ "$${VERSION_ID:-99}" -le 12 ] 2>/dev/null; \
                then echo liboctave-dev; else echo octave-dev; fi)
DEB_PKGS  := octave $(OCTAVE_DEV) python3-dev python3-numpy python3-scipy g++ make
TEST_PKGS := $(DEB_PKGS)
# the sanitizer runtimes that gcc -fsanitize links against (preloaded into octave-cli)
ASAN_PKGS := $(TEST_PKGS) gcc libasan8 libubsan1

PKGS    ?= $(DEB_PKGS)
SRC_C   := $(filter-out src/host_matlab.c,$(wildcard src/*.c))
SRC_CXX := src/fence.cpp src/host_octave.cpp
HDRS    := $(filter-out src/config.h,$(wildcard src/*.h)) src/pysupport.inc src/config.h
MEX     := inst/pymex.mex
# ASan/UBSan build: its own folder with the MEX file and copies of the m-files, so
# `make test` and `make test-asan` never touch each other's files.
ASAN_DIR := build/asan
ASAN_MEX := $(ASAN_DIR)/pymex.mex
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer

# Facts about the chosen interpreter, compiled in: its path (PyConfig.program_name,
# so sys.executable and multiprocessing are right) and its shared library.
PY_EXE   = $(shell $(PYTHON) -c 'import sys; print(sys.executable)')
PY_LIB   = $(shell $(PYTHON) -c 'import sysconfig as s; print(s.get_config_var("LIBDIR") + "/" + s.get_config_var("LDLIBRARY"))')
PY_CFLAGS  = $(shell $(PYCONFIG) --includes)
PY_LDFLAGS = $(shell $(PYCONFIG) --ldflags --embed)

.PHONY: all deps demo test test-asan asan bench soak test-debian13 clean FORCE

all: $(MEX)

# Rebuilt when PYTHON changes (the stamp holds its path).
src/config.h: FORCE
	@printf '#define PYMEX_PYTHON "%s"\n#define PYMEX_LIBPYTHON "%s"\n' '$(PY_EXE)' '$(PY_LIB)' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

FORCE:

src/pysupport.inc: src/pysupport.py
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $< > $@

$(MEX): $(SRC_C) $(SRC_CXX) $(HDRS)
	@command -v $(MKOCTFILE) >/dev/null || { echo "mkoctfile missing: run 'make deps'"; exit 1; }
	@test -x "$(PYCONFIG)" || { echo "$(PYCONFIG) missing: install python3-dev, or set PYCONFIG"; exit 1; }
	CFLAGS="-std=c11 -O2 -g -Wall -Wno-unused-parameter -fno-strict-aliasing" \
	CXXFLAGS="-O2 -g -Wall" \
	$(MKOCTFILE) --mex -R2018a -DPYMEX_OCTAVE $(PY_CFLAGS) -Isrc $(SRC_C) $(SRC_CXX) $(PY_LDFLAGS) -lpthread -o inst/pymex-new.mex
	@rm -f src/*.o inst/*.o
	@mv -f inst/pymex-new.mex $@   # atomic: running Octave sessions keep the old file

asan: $(ASAN_MEX)

$(ASAN_MEX): $(SRC_C) $(SRC_CXX) $(HDRS) $(wildcard inst/*.m)
	@command -v $(MKOCTFILE) >/dev/null || { echo "mkoctfile missing: run 'make deps'"; exit 1; }
	@test -x "$(PYCONFIG)" || { echo "$(PYCONFIG) missing: install python3-dev, or set PYCONFIG"; exit 1; }
	@mkdir -p $(ASAN_DIR) && echo '*' > build/.gitignore
	CFLAGS="-std=c11 -O1 -g -Wall -Wno-unused-parameter -fno-strict-aliasing $(SAN_FLAGS)" \
	CXXFLAGS="-O1 -g -Wall $(SAN_FLAGS)" \
	LDFLAGS="$$($(MKOCTFILE) -p LDFLAGS) $(SAN_FLAGS)" \
	$(MKOCTFILE) --mex -R2018a -DPYMEX_OCTAVE $(PY_CFLAGS) -Isrc $(SRC_C) $(SRC_CXX) $(PY_LDFLAGS) -lpthread -o $(ASAN_DIR)/pymex-new.mex
	@rm -f src/*.o inst/*.o $(ASAN_DIR)/*.o
	cp -f inst/*.m $(ASAN_DIR)/
	@mv -f $(ASAN_DIR)/pymex-new.mex $@

# Installs missing Debian packages (as root), or says the exact command.
deps:
	@missing=""; for p in $(PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	  else echo "missing packages; run: sudo apt-get install -y$$missing"; exit 1; fi; \
	fi

demo: PKGS = $(DEB_PKGS)
demo: deps
	$(MAKE) all
	$(OCTAVE) --no-history --no-init-file --path inst examples/demo.m

test: PKGS = $(TEST_PKGS)
test: deps
	$(MAKE) all
	OCTAVE=$(OCTAVE) bash tests/run.sh

# The same tests with build/asan/ in place of inst/ (tests/run.sh SANITIZE=1 mode:
# libasan and libubsan preloaded into octave-cli, PYTHONMALLOC=malloc, reports
# logged to a folder and any report is a failure).
test-asan: PKGS = $(ASAN_PKGS)
test-asan: deps
	$(MAKE) asan
	OCTAVE=$(OCTAVE) SANITIZE=1 bash tests/run.sh

bench: PKGS = $(DEB_PKGS)
bench: deps
	$(MAKE) all
	$(OCTAVE) --no-history --no-init-file --path inst --path bench bench/run_bench.m

# The whole suite on Debian 13 (Octave 9.4, Python 3.13, numpy 2.2) in a debootstrap
# chroot, made once and kept in DEBIAN13_ROOT; a fresh clone of the working tree each run.
DEBIAN13_ROOT ?= /var/cache/pymex/debian13
test-debian13:
	bash tests/debian13/run.sh $(DEBIAN13_ROOT) test

soak: PKGS = $(DEB_PKGS)
soak: deps
	$(MAKE) all
	$(OCTAVE) --no-history --no-init-file --path inst --path bench bench/soak.m

clean:
	rm -f $(MEX) src/*.o inst/*.o src/pysupport.inc src/config.h bench/*.mex
	rm -rf build
