#!version:1.0.0.1
include:config "https://pbx.example.com/provisioning/@tok2@/c4fc22000007.cfg"
overwrite_mode = 1
