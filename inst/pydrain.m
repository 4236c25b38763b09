function pydrain (varargin)
  % PYDRAIN  Run now the calls Python threads queued with matlab.submit.
  %   They also run at the next pymex call and while Octave waits at its prompt.
  %
  %   See also: pyexec.
  pymex ("drain", varargin{:});   % pymex checks the argument count
end
