/** How a task hands a file to the chat that asked for it (the bot layer provides it). */
export interface TaskDelivery {
  sendDocument(chatId: number, file: { data: Uint8Array; fileName: string }, caption: string): Promise<void>;
}
