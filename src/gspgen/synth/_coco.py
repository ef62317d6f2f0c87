"""COCO-WholeBody 133 index order, as far as the generator needs it (private).

Body 0–16 (COCO-17), feet 17–22, face 23–90 (iBUG 68), left hand 91–111, right hand 112–132.
"Left"/"right" are the signer's own sides; a signer facing the camera has the right side on the image left.
"""

from __future__ import annotations

import numpy as np

from gspgen.skeleton import get_preset

NUM_JOINTS = 133
NOSE, L_EYE, R_EYE, L_EAR, R_EAR = 0, 1, 2, 3, 4
L_SHOULDER, R_SHOULDER, L_ELBOW, R_ELBOW, L_WRIST, R_WRIST = 5, 6, 7, 8, 9, 10
L_HIP, R_HIP, L_KNEE, R_KNEE, L_ANKLE, R_ANKLE = 11, 12, 13, 14, 15, 16
L_FOOT = slice(17, 20)  # big toe, small toe, heel
R_FOOT = slice(20, 23)
FACE = slice(23, 91)
LEFT_HAND = slice(91, 112)
RIGHT_HAND = slice(112, 133)
LOWER_BODY = list(range(11, 23))

# The left/right swap is the layouts module's (its coco133 preset is the identity selection).
MIRROR = np.asarray(get_preset("coco133").mirror, dtype=np.int64)
