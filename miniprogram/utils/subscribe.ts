// Consent to a subscribe message, asked in a tap handler as WeChat requires. Best effort: a
// refusal or an old client only means no WeChat notice; 我的消息 gets the message anyway.
export async function askSubscribe(tmplId: string): Promise<boolean> {
  try {
    const res = await wx.requestSubscribeMessage({ tmplIds: [tmplId] } as WechatMiniprogram.RequestSubscribeMessageOption);
    return (res as unknown as Record<string, string>)[tmplId] === 'accept';
  } catch {
    return false;
  }
}
