# 发给客户和员工的邮件与短信。邮件的品牌行和跟踪链接由发送方添加；`{ $text }` 是用户输入的原文。

## 服务点就某个维修单发给客户的消息。
sms-staff-message = 【fieldfix】维修 { $reference }，{ $author }：{ $text } 回复本短信或点击 { $link }
sms-staff-message-cut = 【fieldfix】维修 { $reference }，{ $author }：{ $text }… 查看全文并回复：{ $link }
mail-staff-message-subject = 关于您的维修 { $reference } 的消息
mail-staff-message-intro = { $author } 就您的维修 { $reference } 留言：
mail-staff-message-reply = 您可以在跟踪页面回复，也可以直接回复我们的短信。
mail-staff-message-action = 查看并回复
