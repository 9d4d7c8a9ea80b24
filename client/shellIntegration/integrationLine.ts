// The one line longhaul types into a new bash or zsh to make it mark its prompts (OSC 133) and say its folder (OSC 7).

/**
 * Run by bash or zsh (the line's guard skips every other shell), it defines, for this shell only (nothing is
 * written on the host):
 * - after each command, before the prompt: `D;status` (the command ended), then OSC 7 `file://host/path`
 *   (`%` escaped, so the path reads back as it is);
 * - the prompt wrapped in `A` … `B` (start and end of the prompt). It is re-wrapped before each prompt if something
 *   rebuilt it (themes that set PS1 from their own hooks), so it runs after them: last in PROMPT_COMMAND or precmd;
 * - `C` when a command line is accepted: bash's PS0 (bash 4.4+), zsh's preexec.
 * An empty line runs no command, so no `C`; the predictor counts that prompt as the line's answer. Every mark ends in
 * BEL, written `\007` for printf and prompt expansion to turn into the character (a typed BEL is Ctrl-G to a line
 * editor, which drops it, and a mark left open would swallow what follows it).
 * It holds no single quote (it is inside one), so fish, dash and the like can parse the guarded line and skip it.
 */
const SCRIPT = [
  '__longhaul_end() { printf "\\033]133;D;%s\\007\\033]7;file://%s%s\\007" "$1" "${HOSTNAME:-$HOST}" "${PWD//[%]/%25}"; };',
  'if [ -n "$ZSH_VERSION" ]; then',
  '__longhaul_prompt() { __longhaul_end $?; [[ $PS1 == *133\\;B* ]] || PS1="%{$(printf "\\033]133;A\\007")%}$PS1%{$(printf "\\033]133;B\\007")%}"; };',
  '__longhaul_run() { printf "\\033]133;C\\007"; };',
  'precmd_functions+=(__longhaul_prompt); preexec_functions+=(__longhaul_run);',
  'else',
  '__longhaul_status() { local s=$?; __longhaul_end $s; return $s; };',
  '__longhaul_prompt() { [[ $PS1 == *133\\;B* ]] || PS1="\\[\\033]133;A\\007\\]$PS1\\[\\033]133;B\\007\\]"; };',
  'PROMPT_COMMAND="__longhaul_status;${PROMPT_COMMAND:+${PROMPT_COMMAND%;};}__longhaul_prompt"; PS0="$PS0\\033]133;C\\007";',
  'fi',
].join(' ');

/**
 * The line itself (without its Enter). It starts with a space, so a shell that leaves such lines out of its history
 * (bash's HISTCONTROL=ignorespace or ignoreboth, zsh's HIST_IGNORE_SPACE) does not keep it. Guarded by
 * `__longhaul_end` already being defined, so typing it twice does not mark twice.
 */
export const SHELL_INTEGRATION_LINE = ` [ -n "$BASH_VERSION$ZSH_VERSION" ] && ! type __longhaul_end >/dev/null 2>&1 && eval '${SCRIPT}'`;
