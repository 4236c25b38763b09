# pymex -- Python embedded in GNU Octave through one MEX file.
#   make                 build inst/pymex.mex against $(PYTHON)
#   make demo            install what is missing, build, run examples/demo.m
#   make test            install what is missing, build, run every test
#   make bench           benchmarks with floors measured in the same run
#   make test-asan       every test again with the MEX file built with ASan + UBSan
#                        (build/asan/, the normal build is untouched); fails on any report
#   make test-debian13   every test in a Debian 13 chroot (Octave 9.4, Python 3.13)
#   make soak            1e5 calls of each kind: RSS and Python object growth
#   make test-pythons    build against every CPython 3.10+ under pyenv's versions/
#                        (build/py3.X/ each) and run the tests that need no numpy
#                        on each (tests/pythons.sh)
#   make PYTHON=/path/to/python3   build against another interpreter
#   make pybuild PYTHON=/path/to/python3 PY_DIR=build/py3.X   that build in its own
#                        folder (inst/ and src/config.h untouched)

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
# One interpreter's build in its own folder (make pybuild, make test-pythons): the
# MEX file and copies of the m-files, like build/asan.  The sources are copied to
# $(PY_DIR)/src so that the config.h next to pymex.h names that interpreter.
PY_DIR    ?= build/py
PY_MEX    := $(PY_DIR)/pymex.mex
PY_SRCS   := $(SRC_C) $(SRC_CXX) $(filter-out src/config.h,$(HDRS))

# Facts about the chosen interpreter, compiled in: its path (PyConfig.program_name,
# so sys.executable and multiprocessing are right) and its shared library.
PY_EXE   = $(shell $(PYTHON) -c 'import sys; print(sys.executable)')
PY_LIB   = $(shell $(PYTHON) -c 'import sysconfig as s; print(s.get_config_var("LIBDIR") + "/" + s.get_config_var("LDLIBRARY"))')
PY_CFLAGS  = $(shell $(PYCONFIG) --includes)
PY_LDFLAGS = $(shell $(PYCONFIG) --ldflags --embed)
# pymex links libpython: a Python built without --enable-shared (only a static
# libpython.a) cannot be embedded in a MEX file.  Said before the compiler runs.
PY_CHECK = @$(PYTHON) -c 'import sysconfig, sys; sys.exit(0 if sysconfig.get_config_var("Py_ENABLE_SHARED") else 1)' 2>/dev/null || \
	{ if [ -x "$(PYTHON)" ] || command -v "$(PYTHON)" >/dev/null; then \
	    echo "$(PYTHON) was built without a shared libpython (sysconfig Py_ENABLE_SHARED is not 1):"; \
	    echo "pymex embeds Python through libpython.so; rebuild that Python with --enable-shared"; \
	    echo "(pyenv: PYTHON_CONFIGURE_OPTS=--enable-shared pyenv install VERSION) or use another one"; \
	  else echo "$(PYTHON) not found: install python3-dev, or set PYTHON"; fi; exit 1; }
# the directory of libpython, for the build's run path (pyenv builds may not set one)
PY_LIBDIR = $(shell $(PYTHON) -c 'import sysconfig as s; print(s.get_config_var("LIBDIR"))')

.PHONY: all deps demo test test-asan asan bench soak test-debian13 clean FORCE pybuild test-pythons

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
	$(PY_CHECK)
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

pybuild: $(PY_MEX)

# Rebuilt when PYTHON changes for that folder (the stamp holds its executable).
$(PY_DIR)/python: FORCE
	$(PY_CHECK)
	@mkdir -p $(PY_DIR) build && echo '*' > build/.gitignore
	@echo '$(PY_EXE)' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

$(PY_MEX): $(PY_SRCS) $(wildcard inst/*.m) $(PY_DIR)/python
	@command -v $(MKOCTFILE) >/dev/null || { echo "mkoctfile missing: run 'make deps'"; exit 1; }
	@test -x "$(PYCONFIG)" || { echo "$(PYCONFIG) missing: install that Python's headers, or set PYCONFIG"; exit 1; }
	@rm -rf $(PY_DIR)/src && mkdir -p $(PY_DIR)/src
	@cp -p $(PY_SRCS) $(PY_DIR)/src/
	@printf '#define PYMEX_PYTHON "%s"\n#define PYMEX_LIBPYTHON "%s"\n' '$(PY_EXE)' '$(PY_LIB)' > $(PY_DIR)/src/config.h
	cd $(PY_DIR)/src && CFLAGS="-std=c11 -O2 -g -Wall -Wno-unused-parameter -fno-strict-aliasing" \
	CXXFLAGS="-O2 -g -Wall" \
	$(MKOCTFILE) --mex -R2018a -DPYMEX_OCTAVE $(PY_CFLAGS) -I. $(notdir $(SRC_C) $(SRC_CXX)) \
	  $(PY_LDFLAGS) -Wl,-rpath,$(PY_LIBDIR) -lpthread -o ../pymex-new.mex
	@rm -rf $(PY_DIR)/src $(PY_DIR)/*.o
	cp -f inst/*.m $(PY_DIR)/
	@mv -f $(PY_DIR)/pymex-new.mex $@

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

# Every CPython 3.10+ under $$(pyenv root)/versions and ~/.pyenv/versions: its own
# build (build/py3.X, make pybuild) and the suite without the files that need numpy
# or scipy (tests/run.sh PYDIR= mode).  Ends with "N passed, M failed".
test-pythons: PKGS = $(filter-out python3-numpy python3-scipy,$(TEST_PKGS))
test-pythons: deps
	OCTAVE=$(OCTAVE) MAKE="$(MAKE)" bash tests/pythons.sh

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
