function r = __pymex_keep__ (slot, x)
  % Internal to pymex: holds Octave arrays that Python views without a copy.
  % __pymex_keep__(slot, x) keeps x (sharing its data, copy-on-write) and
  % returns it; __pymex_keep__(slots) lets go of those slots;
  % __pymex_keep__() returns how many values are held (for tests).
  persistent store
  if (! iscell (store))
    store = {};
  end
  if (nargin == 2)
    store{slot} = x;
    r = store{slot};
  elseif (nargin == 1)
    store(slot(slot <= numel (store))) = {[]};
    r = [];
  else
    r = sum (! cellfun ("isempty", store));
  end
end
