// API keys in SecretStorage (`promptLens.apiKey.<provider>`), each bound to its provider's baseURL; the set/clear commands.
import * as vscode from 'vscode';
import type { ProviderConfig } from '../../../server/src/core';
import type { AllowedKeyEnv } from '../../../server/src/core';
import type { Config } from '../config';
import type { Log } from '../log';
import { parseStoredKey, providerById, providerGate, providerIds, sameEndpoint, secretName, storedKeyValue, type StoredKey } from './runGate';

/** Where the user's "send this variable to that host" answers are kept (per user, not in the workspace). */
const ALLOWED_KEY = 'promptLens.allowedKeyEnv';

export class ApiKeys {
	private readonly asking = new Map<string, Promise<boolean>>();

	constructor(
		private readonly secrets: vscode.SecretStorage,
		private readonly config: Config,
		private readonly log: Log,
		private readonly userState: vscode.Memento,
	) {}

	/** Environment variables the user allowed for a workspace provider's host, each once. */
	allowedKeyEnvs(): AllowedKeyEnv[] {
		const saved = this.userState.get<unknown>(ALLOWED_KEY);
		if (!Array.isArray(saved)) return [];
		return saved.filter((a): a is { env: string; host: string } => typeof a?.env === 'string' && typeof a?.host === 'string')
			.map((a) => ({ env: a.env, hosts: [a.host] }));
	}

	/**
	 * Asks once (a modal naming the variable and the host) whether a workspace-defined provider may get an environment
	 * variable; a yes is remembered. Columns of a comparison that ask at once share one question.
	 */
	async askToSend(provider: ProviderConfig, consent: { env: string; host: string }): Promise<boolean> {
		const id = `${consent.env}@${consent.host}`;
		const pending = this.asking.get(id) ?? this.ask(provider, consent);
		this.asking.set(id, pending);
		try {
			return await pending;
		} finally {
			this.asking.delete(id);
		}
	}

	private async ask(provider: ProviderConfig, consent: { env: string; host: string }): Promise<boolean> {
		const send = `Send ${consent.env} to ${consent.host}`;
		const answer = await vscode.window.showWarningMessage(
			`This workspace's settings define the provider "${provider.id}" at ${provider.baseURL} and ask Prompt Lens to send it your environment variable ${consent.env}. Send ${consent.env} to ${consent.host}?`,
			{ modal: true, detail: 'Only allow this if you trust this workspace and that host with the secret in that variable. Your answer is remembered for this variable and host.' },
			send,
		);
		if (answer !== send) return false;
		const saved = this.allowedKeyEnvs().map((a) => ({ env: a.env, host: a.hosts?.[0] ?? '' }));
		await this.userState.update(ALLOWED_KEY, [...saved, { env: consent.env, host: consent.host }]);
		this.log.info(`${consent.env} allowed for ${consent.host} (provider ${provider.id} from the workspace settings)`);
		return true;
	}

	async get(providerId: string): Promise<StoredKey | undefined> {
		return parseStoredKey(await this.secrets.get(secretName(providerId)));
	}

	/**
	 * `promptLens.setApiKey [providerId] [key]`: without arguments a quick pick of providers, then a password box.
	 * The key is bound to the provider's current baseURL and never leaves this process except to that address.
	 */
	async setCommand(providerArg?: unknown, keyArg?: unknown): Promise<boolean> {
		const id = typeof providerArg === 'string' ? providerArg : await this.pickProvider('Set the API key of which provider?');
		if (!id) return false;
		const provider = this.usableProvider(id);
		if (!provider) return false;
		const key = typeof keyArg === 'string' ? keyArg.trim() : (await vscode.window.showInputBox({
			title: `API key for ${provider.id}`,
			prompt: `Kept in VS Code's secret storage and sent only to ${provider.baseURL}.`,
			password: true,
			ignoreFocusOut: true,
			validateInput: (value) => (value.trim() === '' ? 'Enter the key, or press Escape to cancel.' : undefined),
		}))?.trim();
		if (!key) return false;
		await this.secrets.store(secretName(provider.id), storedKeyValue(provider.id, provider.baseURL, key));
		this.log.info(`API key stored for ${provider.id} (${provider.baseURL})`);
		void vscode.window.setStatusBarMessage(`Prompt Lens: API key stored for ${provider.id}`, 4000);
		return true;
	}

	/** `promptLens.clearApiKey [providerId]`. */
	async clearCommand(providerArg?: unknown): Promise<boolean> {
		const id = typeof providerArg === 'string' ? providerArg : await this.pickProvider('Remove the stored API key of which provider?', true);
		if (!id) return false;
		await this.secrets.delete(secretName(id));
		this.log.info(`API key removed for ${id}`);
		void vscode.window.setStatusBarMessage(`Prompt Lens: API key removed for ${id}`, 4000);
		return true;
	}

	private usableProvider(id: string): ProviderConfig | undefined {
		const resolved = providerById(id, this.config.providers());
		if (!resolved.ok) {
			void vscode.window.showErrorMessage(`Prompt Lens: ${resolved.message}`);
			return undefined;
		}
		const gate = providerGate(resolved.provider, vscode.workspace.isTrusted);
		if (!gate.ok) {
			void vscode.window.showErrorMessage(`Prompt Lens: ${gate.message}`);
			return undefined;
		}
		return resolved.provider;
	}

	private async pickProvider(title: string, onlyStored = false): Promise<string | undefined> {
		const userProviders = this.config.providers();
		const items: (vscode.QuickPickItem & { id: string })[] = [];
		for (const id of providerIds(userProviders)) {
			const resolved = providerById(id, userProviders);
			const stored = await this.get(id);
			if (onlyStored && !stored) continue;
			const provider = resolved.ok ? resolved.provider : undefined;
			items.push({ id, label: id, description: provider?.baseURL || 'no baseURL set', detail: keyState(provider, stored) });
		}
		if (items.length === 0) {
			void vscode.window.showInformationMessage('Prompt Lens: no API key is stored.');
			return undefined;
		}
		return (await vscode.window.showQuickPick(items, { title, matchOnDescription: true, ignoreFocusOut: true }))?.id;
	}
}

function keyState(provider: ProviderConfig | undefined, stored: StoredKey | undefined): string {
	if (stored && provider && !sameEndpoint(stored.baseURL, provider.baseURL)) return `$(warning) key stored for ${stored.baseURL}, not for the current address`;
	if (stored) return '$(key) key stored';
	const env = provider?.apiKeyEnv;
	if (provider?.keyOptional) return 'no key needed (local server)';
	return env ? `no key stored; falls back to $${env}` : 'no key stored';
}
