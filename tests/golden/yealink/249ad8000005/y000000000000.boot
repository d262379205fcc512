#!version:1.0.0.1
include:config "https://pbx.example.com/provisioning/@tok2@/249ad8000005.cfg"
overwrite_mode = 1
