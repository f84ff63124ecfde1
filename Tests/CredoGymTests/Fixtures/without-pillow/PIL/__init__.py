# Put first on PYTHONPATH by GymRecordingTests: hides Pillow, as an interpreter without it.
raise ImportError("No module named 'PIL' (hidden by the test fixture without-pillow)")
