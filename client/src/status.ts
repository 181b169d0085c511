/**
 * The status bar item: `$(check) Napkin` when the active design has no problems, `$(error) Napkin 2`
 * with its error count (or `$(warning) Napkin 1` with only warnings), and the server's state while
 * it starts or after it stopped. Clicking it opens the Problems view
 * (or, when the server is not running, restarts it). It is shown only while the
 * active editor holds a `.napkin` file or a Markdown file with a napkin fence, so it never clutters
 * the status bar of other Markdown files.
 */

import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';

const napkinFence = /^ {0,3}(`{3,}|~{3,})[ \t]*napkin\b/m;

export function registerStatus(context: vscode.ExtensionContext, client: LanguageClient): void {
  const item = vscode.window.createStatusBarItem('napkin.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Napkin';

  const update = (): void => {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !holdsDesign(document)) {
      item.hide();
      return;
    }
    const view = describe(client.state, client.diagnostics?.get(document.uri) ?? []);
    item.text = view.text;
    item.tooltip = view.tooltip;
    item.command = view.command;
    item.backgroundColor = view.errors ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    item.show();
  };

  context.subscriptions.push(
    item,
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.languages.onDidChangeDiagnostics((event) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && event.uris.some((uri) => uri.toString() === active)) update();
    }),
    client.onDidChangeState(update),
  );
  update();
}

function holdsDesign(document: vscode.TextDocument): boolean {
  if (document.languageId === 'napkin') return true;
  return document.languageId === 'markdown' && napkinFence.test(document.getText());
}

interface View {
  readonly text: string;
  readonly tooltip: string;
  readonly errors: number;
  readonly command: string;
}

const problems = 'workbench.actions.view.problems';

function describe(state: State, diagnostics: readonly vscode.Diagnostic[]): View {
  if (state === State.Starting) return { text: '$(sync~spin) Napkin', tooltip: 'Napkin: the language server is starting', errors: 0, command: problems };
  if (state === State.Stopped || state === State.StartFailed) {
    const tooltip = 'Napkin: the language server is not running (see the "Napkin" output). Click to start it.';
    return { text: '$(circle-slash) Napkin', tooltip, errors: 0, command: 'napkin.restartServer' };
  }
  const count = (severity: vscode.DiagnosticSeverity): number => diagnostics.filter((d) => d.severity === severity).length;
  const errors = count(vscode.DiagnosticSeverity.Error);
  const warnings = count(vscode.DiagnosticSeverity.Warning);
  const others = diagnostics.length - errors - warnings;
  const parts = [plural(errors, 'error'), plural(warnings, 'warning'), plural(others, 'info/hint', 'info/hints')].filter((p) => p !== '');
  const tooltip = `Napkin: ${parts.length ? parts.join(', ') : 'no problems'} in this design. Click to open the Problems view.`;
  const command = problems;
  if (errors) return { text: `$(error) Napkin ${errors}`, tooltip, errors, command };
  if (warnings) return { text: `$(warning) Napkin ${warnings}`, tooltip, errors, command };
  return { text: '$(check) Napkin', tooltip, errors, command };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return n === 0 ? '' : `${n} ${n === 1 ? one : many}`;
}
