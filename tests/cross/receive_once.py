#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
"""Receives one POST on 127.0.0.1 (an ephemeral port, written to PORT_FILE) and writes its body
to BODY_FILE, for a program built for another system and run under an emulator (Wine). Gives up
after 120 s. Usage: receive_once.py PORT_FILE BODY_FILE"""
import http.server
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        with open(sys.argv[2], 'wb') as out:
            out.write(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(('127.0.0.1', 0), Handler)
server.timeout = 120
with open(sys.argv[1], 'w', encoding='utf-8') as out:
    out.write(str(server.server_port))
server.handle_request()
