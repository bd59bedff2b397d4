"""Write: the only stage that writes the published site (a staging folder, swapped in only when the whole build succeeded)."""
