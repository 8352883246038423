// The compare webview panel: strict CSP page from dist/media, the ready handshake, every webview message validated, links confirmed.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { isSafeLinkUrl, validateWebviewMessage, type CompareState, type ExtensionMessage, type WebviewMessage } from '../../../media/shared/compareMessages';
import type { Log } from '../log';
import { comparePanelHtml } from './compareState';
import { CompareSession, type SessionHost } from './compareSession';
import type { ProviderLimiter } from '../../../server/src/host/providerLimiter';

export const COMPARE_VIEW_TYPE = 'promptLens.comparePanel';

/** What the panel does for the messages that need VS Code or the file system (owned by the command layer). */
export interface PanelActions {
	/** May the columns run here? A message for the user when not (untrusted workspace, prompt not found). */
	canRun(): string | undefined;
	prepare: SessionHost['prepare'];
	save(state: CompareState): Promise<string | undefined>;
	exportMarkdown(state: CompareState): Promise<string | undefined>;
}

/** Read by the extension-host tests through the API activate() returns. */
export interface ComparePanelProbe {
	state(): CompareState;
	/** The webview said `ready` and got `init` (at least once). */
	readonly handshakes: number;
	/** Messages posted to the webview so far. */
	readonly posted: number;
	readonly visible: boolean;
	readonly viewColumn: vscode.ViewColumn | undefined;
	reveal(): void;
	/** As if the webview had posted `message`; resolves when the host is done with it (a save's file URI). */
	receive(message: unknown): Promise<string | undefined>;
	idle(): Promise<void>;
}

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
	// No retainContextWhenHidden: the webview keeps its state with setState, and `init` after `ready` restores the rest.
	// No forms either (the CSP's default-src does not cover form-action); command: URIs stay off (the default).
	return { enableScripts: true, enableForms: false, localResourceRoots: [mediaRoot(extensionUri)] };
}

function mediaRoot(extensionUri: vscode.Uri): vscode.Uri {
	return vscode.Uri.joinPath(extensionUri, 'dist', 'media');
}

export class ComparePanel implements ComparePanelProbe, vscode.Disposable {
	readonly session: CompareSession;
	private ready = false;
	private readonly disposables: vscode.Disposable[] = [];
	private handshakeCount = 0;
	private postedCount = 0;
	private readonly disposed = new vscode.EventEmitter<void>();
	readonly onDidDispose = this.disposed.event;

	/** Takes over `panel` (new, or restored by the serializer after a reload). */
	constructor(readonly panel: vscode.WebviewPanel, extensionUri: vscode.Uri, state: CompareState, private readonly actions: PanelActions, private readonly log: Log, limiter: ProviderLimiter) {
		this.session = new CompareSession(state, {
			post: (message) => this.post(message),
			prepare: (column) => actions.prepare(column),
			now: Date.now,
			onError: (error) => log.error('compare view', error),
		}, limiter);
		const webview = panel.webview;
		webview.options = panelOptions(extensionUri);
		const asset = (name: string): string => webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot(extensionUri), name)).toString();
		webview.html = comparePanelHtml({ cspSource: webview.cspSource, nonce: randomBytes(16).toString('base64'), script: asset('compare.js'), style: asset('compare.css') });
		this.disposables.push(
			webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
			// Hidden, the webview is torn down: nothing reaches it until it says `ready` again.
			panel.onDidChangeViewState(() => {
				if (!panel.visible) this.ready = false;
			}),
			panel.onDidDispose(() => this.dispose()),
		);
	}

	get handshakes(): number {
		return this.handshakeCount;
	}

	get posted(): number {
		return this.postedCount;
	}

	get visible(): boolean {
		return this.panel.visible;
	}

	get viewColumn(): vscode.ViewColumn | undefined {
		return this.panel.viewColumn;
	}

	reveal(): void {
		this.panel.reveal(this.panel.viewColumn, false);
	}

	state(): CompareState {
		return this.session.current;
	}

	idle(): Promise<void> {
		return this.session.idle();
	}

	async receive(raw: unknown): Promise<string | undefined> {
		const message = validateWebviewMessage(raw);
		if (!message) {
			this.log.warn(`compare view: ignored a malformed message from the webview (${describeType(raw)})`);
			return undefined;
		}
		try {
			return await this.handle(message);
		} catch (error) {
			this.log.error(`compare view: ${message.type} failed`, error);
			this.session.notify({ level: 'error', message: `${message.type} failed: ${error instanceof Error ? error.message : String(error)}` });
			return undefined;
		}
	}

	private async handle(message: WebviewMessage): Promise<string | undefined> {
		switch (message.type) {
			case 'ready':
				this.ready = true;
				this.handshakeCount++;
				this.post({ type: 'init', state: this.session.current });
				return undefined;
			case 'cancelAll':
				this.session.cancelAll();
				return undefined;
			case 'rerun':
			case 'repeat':
				return this.startRuns(message);
			case 'save':
				return this.actions.save(this.session.current);
			case 'exportMarkdown':
				return this.actions.exportMarkdown(this.session.current);
			case 'openLink':
				if (!(await openLink(message.url))) this.session.notify({ level: 'warning', message: 'Only http and https links from model output open, after you confirm them.' });
				return undefined;
			default:
				this.session.apply(message);
				return undefined;
		}
	}

	private startRuns(message: Extract<WebviewMessage, { type: 'rerun' | 'repeat' }>): undefined {
		const refusal = this.actions.canRun();
		if (refusal) {
			this.session.notify({ level: 'error', message: refusal });
			return undefined;
		}
		if (message.type === 'rerun') void this.session.run([message.columnId]);
		else void this.session.runAll(message.times);
		return undefined;
	}

	private post(message: ExtensionMessage): void {
		if (!this.ready) return;
		this.postedCount++;
		void this.panel.webview.postMessage(message);
	}

	dispose(): void {
		this.session.cancelAll();
		for (const d of this.disposables.splice(0)) d.dispose();
		this.disposed.fire();
		this.disposed.dispose();
	}
}

/**
 * A link from model output: http(s) only, shown in full in a modal before anything opens (the text around a link
 * can say anything). Checked again here: the webview's own check is not trusted.
 */
async function openLink(url: string): Promise<boolean> {
	if (!isSafeLinkUrl(url) || !/^https?:\/\//i.test(url)) return false;
	const open = 'Open Link';
	const choice = await vscode.window.showWarningMessage('Open a link from model output?', { modal: true, detail: `${url}\n\nThe model wrote this link; check where it goes before opening it.` }, open);
	if (choice === open) await vscode.env.openExternal(vscode.Uri.parse(url, true));
	return true;
}

function describeType(raw: unknown): string {
	const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
	return typeof type === 'string' ? `type ${JSON.stringify(type.slice(0, 40))}` : typeof raw;
}
