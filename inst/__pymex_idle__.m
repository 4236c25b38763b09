function __pymex_idle__ ()
  % Internal to pymex: Octave's input event hook.  Prints what Python threads
  % wrote and runs calls they queued with matlab.submit.
  pymex ("idle");
end
