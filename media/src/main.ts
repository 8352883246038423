// Webview entry: acquire the VS Code API, restore the saved state, render, then say `ready` so the extension sends `init`.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import './compare.css';
import type { CompareState, WebviewMessage } from '../shared/compareMessages';
import { CompareView } from './compareView';
import { emptyState, restoreState } from '../shared/compareViewModel';

/** The part of the webview API we use (declared here: the webview has no @types/vscode-webview). */
interface VsCodeApi {
	postMessage(message: WebviewMessage): void;
	getState(): unknown;
	setState(state: CompareState): void;
}

// Reached through globalThis so the module also loads in a page without VS Code (tests give their own).
const acquire = (globalThis as { acquireVsCodeApi?: () => VsCodeApi }).acquireVsCodeApi;
const api = acquire?.();
const root = document.getElementById('compare-root') ?? document.body.appendChild(document.createElement('main'));
root.id = 'compare-root';

const view = new CompareView(root, {
	post: (message) => api?.postMessage(message),
	persist: (state) => api?.setState(state),
}, restoreState(api?.getState()) ?? emptyState());

window.addEventListener('message', (event: MessageEvent) => view.receive(event.data));
api?.postMessage({ type: 'ready' });
