function __pymex_setup__ ()
  % Internal to pymex: run once when Python starts.  Registers the idle hook
  % that prints Python threads' output and runs matlab.submit calls while
  % Octave waits at its prompt.
  if (exist ("add_input_event_hook"))
    add_input_event_hook (@__pymex_idle__);
  end
end
