import sys

from congminh.cli import main

sys.exit(main())
