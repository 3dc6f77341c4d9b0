/** Where the companion answers and the token a tool presents to it. */
export interface Companion {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  token: string;
}

/** What a recipe may read of the machine: the user's home folder and environment. */
export interface Machine {
  userHome: string;
  env: NodeJS.ProcessEnv;
}

/** A change to one file: its new text from its current one (null when it does not exist yet). */
export interface FileChange {
  kind: 'file';
  file: string;
  edit(before: string | null): string;
  /** What the user should know besides the lines (a model to pick, a restart). */
  notes: string[];
}

/** A tool that keeps its settings where no file of ours may go (inside an editor's state): steps to follow. */
export interface ManualSteps {
  kind: 'manual';
  steps: string[];
}

export interface Recipe {
  tool: string;
  name: string;
  /** The tool's own documentation this recipe follows. */
  source: string;
  plan(companion: Companion, machine: Machine): FileChange | ManualSteps;
}
