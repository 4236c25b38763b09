function build_matlab (python)
  % BUILD_MATLAB  Build pymex for MATLAB (R2018a or later) from the same sources.
  %   build_matlab            builds against python3 on the PATH
  %   build_matlab(PYTHON)    builds against that interpreter
  % The MEX file lands in inst/; add inst/ to MATLAB's path.
  %
  % Uses only the documented MEX C API (-R2018a, interleaved complex).  The
  % Octave-only code (src/host_octave.cpp: Ctrl-C, zero-copy views, exit, xerbla) is replaced by
  % src/host_matlab.c.  NOT TESTED: this machine has no MATLAB.  MATLAB loads
  % MEX files with RTLD_LOCAL; pymex re-opens libpython with RTLD_GLOBAL at
  % start so that extension modules such as numpy find its symbols.
  if (nargin < 1)
    python = "python3";
  end
  root = fileparts (mfilename ("fullpath"));
  src = fullfile (root, "src");
  q = @(cmd) strtrim (evalc_system (cmd));
  exe = q (sprintf ('%s -c "import sys; print(sys.executable)"', python));
  lib = q (sprintf ('%s -c "import sysconfig as s; print(s.get_config_var(''LIBDIR'') + ''/'' + s.get_config_var(''LDLIBRARY''))"', python));
  inc = q (sprintf ('%s -c "import sysconfig as s; print(s.get_paths()[''include''])"', python));
  libdir = q (sprintf ('%s -c "import sysconfig as s; print(s.get_config_var(''LIBDIR''))"', python));
  ver = q (sprintf ('%s -c "import sys; print(''%%d.%%d'' %% sys.version_info[:2])"', python));
  fid = fopen (fullfile (src, "config.h"), "w");
  fprintf (fid, '#define PYMEX_PYTHON "%s"\n#define PYMEX_LIBPYTHON "%s"\n', exe, lib);
  fclose (fid);
  % pysupport.py -> pysupport.inc (a C string literal)
  lines = strsplit (fileread (fullfile (src, "pysupport.py")), char (10));
  fid = fopen (fullfile (src, "pysupport.inc"), "w");
  for k = 1:numel (lines)
    l = strrep (strrep (lines{k}, '\', '\\'), '"', '\"');
    fprintf (fid, '"%s\\n"\n', l);
  end
  fclose (fid);
  files = {"buffer.c", "commands_py.c", "console.c", "errors.c", "gateway.c", "gil.c", ...
           "gil_interval.c", "handles.c", "host_matlab.c", "matlab_module.c", "probe.c", ...
           "to_octave.c", "to_python.c", "fence.cpp"};
  files = cellfun (@(f) fullfile (src, f), files, "UniformOutput", false);
  mex ("-R2018a", ["-I" inc], ["-I" src], ["-L" libdir], ["-lpython" ver], ...
       files{:}, "-outdir", fullfile (root, "inst"), "-output", "pymex");
end

function out = evalc_system (cmd)
  [status, out] = system (cmd);
  if (status ~= 0)
    error ("build_matlab: '%s' failed: %s", cmd, out);
  end
end
