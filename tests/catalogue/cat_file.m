function f = cat_file (bytes, ext)
  % CAT_FILE  A temporary file holding BYTES (char or uint8); its path.
  if (nargin < 2), ext = ".py"; end
  f = [tempname() ext];
  fid = fopen (f, "w");
  fwrite (fid, bytes, "uint8");
  fclose (fid);
end
