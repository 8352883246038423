;;; diagnostics.el --- Emacs + Eglot check of the Prompt Lens server's diagnostics  -*- lexical-binding: t; -*-

;; Batch-mode check, run by runEmacs.ts:
;;   emacs --batch -Q -l test/e2e/emacs/diagnostics.el
;; It starts `node dist/server.js --stdio' through Eglot, opens a broken .prompt file in a
;; `dotprompt-mode' buffer (so Eglot sends the language id "dotprompt"), and waits until Flymake
;; shows a `template-syntax' diagnostic from "Prompt Lens" on the expected line.
;; Exit status 0 when it does, 1 otherwise.
;;
;; Environment:
;;   PROMPT_LENS_ROOT        repository root (required)
;;   PROMPT_LENS_SERVER      the server bundle (default: <root>/dist/server.js)
;;   PROMPT_LENS_FIXTURE     the .prompt file to open (default: test/e2e/neovim/broken.prompt, shared
;;                           with the Neovim check)
;;   PROMPT_LENS_TIMEOUT_MS  how long to wait for the diagnostic (default: 15000)
;;   PROMPT_LENS_ELPA        where Debian's elpa-* packages live (default: /usr/share/emacs/site-lisp/elpa)
;; Written for Emacs 28 with Debian's elpa-eglot (1.9); Emacs 29+ has Eglot built in.

;;; Code:

(require 'cl-lib)
(require 'subr-x)
(require 'package)

(defconst prompt-lens-test-expected-code "template-syntax")
(defconst prompt-lens-test-expected-source "Prompt Lens")
(defconst prompt-lens-test-expected-line-text "{{#if age >= 18}}"
  "The diagnostic must be on the line holding this text (`>=' is not Handlebars syntax).")

(defun prompt-lens-test-out (format-string &rest args)
  "Print FORMAT-STRING with ARGS on a line of its own (batch `message' writes to stderr)."
  (message "%s" (apply #'format format-string args)))

(defun prompt-lens-test-finish (ok format-string &rest args)
  "Print the verdict and exit: status 0 when OK, 1 otherwise."
  (prompt-lens-test-out "%s: %s" (if ok "PASS" "FAIL") (apply #'format format-string args))
  (kill-emacs (if ok 0 1)))

(defun prompt-lens-test-env (name &optional default)
  "The environment variable NAME, or DEFAULT when it is unset or empty."
  (let ((value (getenv name)))
    (if (and value (not (string-empty-p value))) value default)))

(define-derived-mode dotprompt-mode text-mode "Dotprompt"
  "Minimal major mode for Dotprompt files; Eglot derives the language id \"dotprompt\" from its name.")

(defun prompt-lens-test-lsp-diag (diag)
  "The LSP Diagnostic object (a plist) that Eglot attached to the Flymake DIAG."
  (alist-get 'eglot-lsp-diag (flymake-diagnostic-data diag)))

(defun prompt-lens-test-describe (diag)
  "One line describing the Flymake DIAG."
  (let ((lsp (prompt-lens-test-lsp-diag diag)))
    (format "line %d, col %d, type %s, source %s, code %s: %s"
            (line-number-at-pos (flymake-diagnostic-beg diag))
            (save-excursion (goto-char (flymake-diagnostic-beg diag)) (1+ (current-column)))
            (flymake-diagnostic-type diag)
            (plist-get lsp :source)
            (plist-get lsp :code)
            (replace-regexp-in-string "\n" " | " (flymake-diagnostic-text diag)))))

(defun prompt-lens-test-matching (expected-line)
  "The first Flymake diagnostic in this buffer that is the one we expect on EXPECTED-LINE."
  (cl-find-if (lambda (diag)
                (let ((lsp (prompt-lens-test-lsp-diag diag)))
                  (and (equal (plist-get lsp :code) prompt-lens-test-expected-code)
                       (equal (plist-get lsp :source) prompt-lens-test-expected-source)
                       (eql (line-number-at-pos (flymake-diagnostic-beg diag)) expected-line))))
              (flymake-diagnostics (point-min) (point-max))))

(defun prompt-lens-test-dump-server-buffers ()
  "Print the tail of the server's stderr buffer (and Eglot's events log) to explain a failure."
  (dolist (buffer (buffer-list))
    (when (string-match-p "EGLOT.*\\(stderr\\|events\\)" (buffer-name buffer))
      (with-current-buffer buffer
        (let ((lines (split-string (buffer-substring-no-properties (point-min) (point-max)) "\n")))
          (prompt-lens-test-out "--- last lines of %s:" (buffer-name))
          (dolist (line (last lines 30))
            (prompt-lens-test-out "  %s" line)))))))

(defun prompt-lens-test-main ()
  "Run the check; never returns."
  (let* ((root (or (prompt-lens-test-env "PROMPT_LENS_ROOT")
                   (prompt-lens-test-finish nil "PROMPT_LENS_ROOT is not set")))
         (server (prompt-lens-test-env "PROMPT_LENS_SERVER" (expand-file-name "dist/server.js" root)))
         (fixture (prompt-lens-test-env "PROMPT_LENS_FIXTURE"
                                        (expand-file-name "test/e2e/neovim/broken.prompt" root)))
         (timeout (/ (string-to-number (prompt-lens-test-env "PROMPT_LENS_TIMEOUT_MS" "15000")) 1000.0)))
    ;; -Q skips Debian's site start-up, so point package.el at the system-wide elpa-* packages.
    (setq package-directory-list (list (prompt-lens-test-env "PROMPT_LENS_ELPA" "/usr/share/emacs/site-lisp/elpa")))
    (package-initialize)
    (unless (require 'eglot nil t)
      (prompt-lens-test-finish nil "Eglot is not available: on Debian, apt-get install -y elpa-eglot"))
    (require 'flymake)
    (unless (file-exists-p server)
      (prompt-lens-test-finish nil "%s does not exist: run `npm run build' first" server))
    (prompt-lens-test-out "Emacs %s, Eglot %s" emacs-version
                          (let ((desc (cadr (assq 'eglot package-alist))))
                            (if desc (package-version-join (package-desc-version desc)) "built in")))
    (prompt-lens-test-out "fixture: %s" fixture)
    (add-to-list 'eglot-server-programs `(dotprompt-mode . ("node" ,server "--stdio")))
    (find-file fixture)
    (dotprompt-mode)
    (let ((expected-line (save-excursion
                           (goto-char (point-min))
                           (and (search-forward prompt-lens-test-expected-line-text nil t)
                                (line-number-at-pos))))
          (started (float-time))
          (server-conn (apply #'eglot (eglot--guess-contact)))
          hit)
      (while (and (not (setq hit (prompt-lens-test-matching expected-line)))
                  (jsonrpc-running-p server-conn)
                  (< (- (float-time) started) timeout))
        (accept-process-output nil 0.05))
      (let ((got (flymake-diagnostics (point-min) (point-max)))
            (running (jsonrpc-running-p server-conn)))
        (prompt-lens-test-out "received %d diagnostic(s) after %d ms:"
                              (length got) (round (* 1000 (- (float-time) started))))
        (dolist (diag got)
          (prompt-lens-test-out "  %s" (prompt-lens-test-describe diag)))
        (unless hit
          (prompt-lens-test-dump-server-buffers))
        (when running
          (ignore-errors (eglot-shutdown server-conn nil 3)))
        (cond (hit (prompt-lens-test-finish t "%s" (prompt-lens-test-describe hit)))
              ((not running) (prompt-lens-test-finish nil "the server exited early (see its stderr above)"))
              ((null expected-line)
               (prompt-lens-test-finish nil "the fixture has no line containing %S, so no diagnostic can match"
                                        prompt-lens-test-expected-line-text))
              (t (prompt-lens-test-finish nil "no %s diagnostic from %S on line %d within %d ms"
                                          prompt-lens-test-expected-code prompt-lens-test-expected-source
                                          expected-line (round (* 1000 timeout)))))))))

(condition-case err
    (prompt-lens-test-main)
  (error (prompt-lens-test-finish nil "%s" (error-message-string err))))

;;; diagnostics.el ends here
