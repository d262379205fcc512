#!version:1.0.0.1
include:config "https://pbx.example.com/provisioning/@tok2@/001565000502.cfg"
overwrite_mode = 1
