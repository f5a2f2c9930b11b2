"""One module per demo, each defining `SPEC`: its catalogue entry. Torch-free; found by demos.catalog."""
